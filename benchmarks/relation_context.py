"""Where the words that signal a relation lie, relative to its two arguments, in the sentences a reader makes.

    python benchmarks/relation_context.py training_config/scienceie_minilm.jsonnet \\
        $JNR_DATA/scienceie/train $JNR_DATA/scienceie/test --relation-type Hyponym-of [--out FILE]

For each path, the relations of that type: how many words lie between the two arguments; how many have a cue
(``--cues``, matched in the lower-cased words) between them, and how many have one only in the ``--window`` words
before the first or after the second argument (where a ``between`` pair context does not read); and how many have an
argument that overlaps another gold entity (a BIOES tagger cannot produce both). The reader is the config's
(``allennlp corpus-stats``'s ``build_reader``: no encoder needed).
"""
import argparse
import json
import sys
from collections import Counter
from typing import Any, Dict, List

from joint_ner_re.commands.corpus_stats import build_reader
from joint_ner_re.dataset_readers.sentence_reader import SentenceReader

HYPONYM_CUES = ("such as", "e.g.", "i.e.", "including", "like", "called", "known as", "namely", "for example",
                "for instance", "(")
GAPS = ((0, 0, "0"), (1, 3, "1-3"), (4, 10, "4-10"), (11, None, ">10"))


def has_cue(words: List[str], cues: List[str]) -> bool:
    text = f" {' '.join(words).lower()} "
    return any(f" {cue} " in text if cue[0].isalnum() else cue in text for cue in cues)


def relation_context(reader: SentenceReader, path: str, relation_type: str, cues: List[str], window: int) -> Dict:
    counts: Counter = Counter()
    for instance in reader.read(path):
        sentence = instance["metadata"]["sentence"]
        for relation in sentence.relations:
            if relation.type != relation_type:
                continue
            first, second = sorted((sentence.entities[relation.head], sentence.entities[relation.tail]),
                                   key=lambda entity: entity.start)
            between = sentence.words[first.end:second.start]
            before, after = sentence.words[max(0, first.start - window):first.start], sentence.words[
                second.end:second.end + window]
            counts["relations"] += 1
            gap = len(between)
            counts[next(name for low, high, name in GAPS if gap >= low and (high is None or gap <= high))] += 1
            if has_cue(between, cues):
                counts["cue_between"] += 1
            elif has_cue(before, cues) or has_cue(after, cues):
                counts["cue_only_outside"] += 1
            if any(other != argument and other.overlaps(argument)
                   for argument in (first, second) for other in sentence.entities):
                counts["argument_overlaps_another_entity"] += 1
    return {
        "path": path,
        "relations": counts["relations"],
        "words_between": {name: counts[name] for _, _, name in GAPS},
        "cue_between": counts["cue_between"],
        f"cue_only_within_{window}_words_outside": counts["cue_only_outside"],
        "argument_overlaps_another_entity": counts["argument_overlaps_another_entity"],
    }


def main(argv=None) -> Dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("config")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--relation-type", required=True)
    parser.add_argument("--cues", nargs="+", default=list(HYPONYM_CUES))
    parser.add_argument("--window", type=int, default=6)
    parser.add_argument("--out", help="also write the result (JSON) here")
    args = parser.parse_args(argv)
    reader = build_reader(args.config, {})
    result = {
        "command": " ".join(["python", "benchmarks/relation_context.py", *(sys.argv[1:] if argv is None else argv)]),
        "relation_type": args.relation_type,
        "cues": args.cues,
        "per_path": [relation_context(reader, path, args.relation_type, args.cues, args.window) for path in args.paths],
    }
    print(json.dumps(result, indent=2))
    if args.out:
        with open(args.out, "w") as out:
            json.dump(result, out, indent=2)
            out.write("\n")
    return result


if __name__ == "__main__":
    main()
