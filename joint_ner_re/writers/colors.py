"""One colour per entity type, the same in the HTML view and in brat's visual.conf."""
from typing import Dict, Sequence

# Light colours (ColorBrewer's Set3 and Pastel1 values) under which black text stays readable.
PALETTE = (
    "#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5",
    "#ccebc5", "#ffed6f", "#bc80bd", "#decbe4", "#fed9a6", "#e5d8bd", "#b3cde3", "#d9d9d9",
)


def type_colors(types: Sequence[str]) -> Dict[str, str]:
    """Colours in the order of ``types`` (sorted by the callers, so a model always gets the same ones)."""
    return {entity_type: PALETTE[index % len(PALETTE)] for index, entity_type in enumerate(types)}
