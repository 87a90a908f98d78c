"""One way to make a plugin subcommand: a module with a docstring (the ``--help`` text), ``add_arguments(parser)``
and ``run(args)`` becomes ``allennlp NAME`` and ``python -m joint_ner_re.commands.MODULE``."""
import argparse
import sys
from typing import Callable, Optional, Sequence

from allennlp.commands import Subcommand

AddArguments = Callable[[argparse.ArgumentParser], None]
Run = Callable[[argparse.Namespace], None]


def register_subcommand(name: str, description: str, help: str, add_arguments: AddArguments, run: Run) -> type:
    """The registered ``Subcommand`` class of ``allennlp NAME``. Registering again replaces it (a module run with
    ``python -m`` is imported twice: by the package and as ``__main__``)."""

    def add_subparser(self, parser: argparse._SubParsersAction) -> argparse.ArgumentParser:
        subparser = parser.add_parser(self.name, description=description, help=help,
                                      formatter_class=argparse.RawDescriptionHelpFormatter)
        add_arguments(subparser)
        subparser.set_defaults(func=run)
        return subparser

    command = type(name.title().replace("-", ""), (Subcommand,), {"add_subparser": add_subparser})
    return Subcommand.register(name, exist_ok=True)(command)


def run_standalone(module: str, description: str, add_arguments: AddArguments, run: Run,
                   argv: Optional[Sequence[str]] = None) -> None:
    """``python -m joint_ner_re.commands.MODULE ...``: the same command without the ``allennlp`` launcher, from any
    folder (``allennlp NAME`` finds plugin subcommands only through a ``.allennlp_plugins`` file)."""
    import joint_ner_re  # noqa: F401  (registers the model, readers and predictor)

    parser = argparse.ArgumentParser(prog=f"python -m {module}", description=description,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    run(parser.parse_args(sys.argv[1:] if argv is None else argv))
