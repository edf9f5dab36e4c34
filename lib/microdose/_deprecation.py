"""Old public names kept working for a while, with a ``DeprecationWarning`` naming the replacement.

A module that renamed or moved a public name ends with::

    __getattr__ = deprecated_names(__name__, {"OLD_NAME": ("microdose.units.NEW_NAME", NEW_NAME)})

(:pep:`562`): ``module.OLD_NAME`` and ``from module import OLD_NAME`` still work and return the
new object, and warn. The old names are not in ``__all__``, so ``from module import *`` and the
API reference show only the new ones.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable


def deprecated_names(module: str, renamed: dict[str, tuple[str, object]]) -> Callable[[str], object]:
    """A module ``__getattr__`` that serves each old name of ``renamed`` with a ``DeprecationWarning``.

    Parameters
    ----------
    module : str
        ``__name__`` of the module the old names belong to.
    renamed : dict
        ``{old name: (replacement as it should be written, object it stands for)}``.

    Returns
    -------
    callable
        The module-level ``__getattr__``.
    """

    def __getattr__(name: str) -> object:
        if name in renamed:
            replacement, value = renamed[name]
            warnings.warn(
                f"{module}.{name} is deprecated and will be removed; use {replacement} instead",
                DeprecationWarning,
                stacklevel=2,
            )
            return value
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    __getattr__.renamed = dict(renamed)  # type: ignore[attr-defined]  # mypy does not model attributes set on a function
    return __getattr__
