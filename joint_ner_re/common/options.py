"""Checks of component options at construction: a bad config fails before any data is read, in one message style,
``<option>: expected <what>, got <value>``, as AllenNLP's ``ConfigurationError``."""
from typing import Any, Sequence

from allennlp.common.checks import ConfigurationError


def expect(option: str, condition: bool, expected: str, got: Any) -> None:
    if not condition:
        raise ConfigurationError(f"{option}: expected {expected}, got {got!r}")


def expect_choice(option: str, value: Any, choices: Sequence[Any]) -> None:
    expect(option, value in choices, f"one of {', '.join(repr(choice) for choice in choices)}", value)
