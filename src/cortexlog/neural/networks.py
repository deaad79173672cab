"""Binding `nn(name, ...)` declarations to torch modules by name.

In Python, networks are given as `networks={"mnist_net": module}`; on the command line as
`name=module:attr` import references (`attr` a module instance, a class, or a factory).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping

from torch import nn

from cortexlog.errors import CortexlogError, ProgramError
from cortexlog.language.ast import NeuralAD, ProgramAST


def import_reference(ref: str) -> object:
    """Import `package.module:attr` (or `package.module.attr`) and return the object.

    Args:
        ref: the import reference.

    Returns:
        The attribute.

    >>> import_reference("cortexlog.neural.nets:LeNet").__name__
    'LeNet'
    """
    module_name, sep, attr = ref.partition(":")
    if not sep:
        module_name, _, attr = ref.rpartition(".")
    if not module_name or not attr:
        raise CortexlogError(
            f"bad network reference {ref!r}", hint="write it as package.module:attribute"
        )
    try:
        obj: object = importlib.import_module(module_name)
        for part in attr.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as exc:
        raise CortexlogError(
            f"cannot import network {ref!r}: {exc}",
            hint="check the module is importable (PYTHONPATH) and the attribute exists",
        ) from None
    return obj


def instantiate(obj: object, ref: str = "<network>") -> nn.Module:
    """Turn an imported object into a module: instances as is, classes/factories called.

    Args:
        obj: an `nn.Module`, a module class, or a zero-argument callable returning one.
        ref: the name used in errors.

    Returns:
        The module.
    """
    if isinstance(obj, nn.Module):
        return obj
    if callable(obj):
        made = obj()
        if isinstance(made, nn.Module):
            return made
    raise CortexlogError(
        f"{ref} is not a torch.nn.Module, a module class, or a factory returning one"
    )


def parse_network_args(specs: list[str]) -> dict[str, nn.Module]:
    """Parse CLI `--network name=module:attr` (or `module:attr`, named after the attr).

    Args:
        specs: the flag values.

    Returns:
        Name -> module.
    """
    out: dict[str, nn.Module] = {}
    for spec in specs:
        name, eq, ref = spec.partition("=")
        if not eq:
            ref, name = spec, spec.rpartition(":")[2].rpartition(".")[2]
        out[name] = instantiate(import_reference(ref), ref)
    return out


def neural_declarations(ast: ProgramAST) -> dict[str, NeuralAD]:
    """The first `nn(...)` declaration of each network name in a program."""
    out: dict[str, NeuralAD] = {}
    for clause in ast.clauses:
        if isinstance(clause, NeuralAD) and clause.net not in out:
            out[clause.net] = clause
    return out


def bind_networks(
    ast: ProgramAST,
    networks: Mapping[str, nn.Module],
    defaults: Mapping[str, Callable[[], nn.Module]] | None = None,
) -> nn.ModuleDict:
    """Check every network the program names has a module, building defaults if needed.

    Args:
        ast: the parsed program.
        networks: user-supplied modules by name.
        defaults: factories for names the user did not supply.

    Returns:
        A `ModuleDict` with one module per declared network name.
    """
    defaults = defaults or {}
    bound = nn.ModuleDict()
    for name, decl in neural_declarations(ast).items():
        if name in networks:
            bound[name] = networks[name]
        elif name in defaults:
            bound[name] = defaults[name]()
        else:
            given = ", ".join(sorted(networks)) or "none"
            raise ProgramError(
                f"network {name!r} is declared but no module was given (given: {given})",
                decl.location,
                hint=f'pass networks={{"{name}": module}} or --network {name}=module:attr',
            )
    return bound
