"""Walks over a mobject's family that Manim makes slowly: listing it, updating it.

``Mobject.get_family`` without a generator per level: the same list, built in one walk.

Manim lists a mobject's family through nested generators, each member passed up through one
generator per level above it, and a scene asks for families all the time: the camera for every
moving mobject in every frame, ``shift``, the animations, the updaters. Here the walk appends to
one list; a member reached twice (shared by two submobjects) is kept at its last place, as
Manim's ``remove_list_redundancies`` keeps it, and a cycle is cut where Manim cuts it.

``update_family``: ``Mobject.update`` calls itself on every member of the family in every
frame, a few hundred members of which a handful have updaters; the walk here calls it on those.
"""

from __future__ import annotations

from manim import Mobject
from manim.utils.iterables import remove_list_redundancies

__all__ = ["list_families_in_one_walk", "update_family"]


def _walk(mobject: Mobject, on_path: set, members: list) -> None:
    if mobject in on_path:  # a cycle: Manim's _iter_family stops there too
        return
    on_path.add(mobject)
    members.append(mobject)
    for submobject in mobject.submobjects:
        _walk(submobject, on_path, members)
    on_path.remove(mobject)


def family(self: Mobject, recurse: bool = True) -> list[Mobject]:
    """``self`` and all its submobjects recursively, parents before children."""
    members: list[Mobject] = []
    _walk(self, set(), members)
    if len(set(members)) == len(members):
        return members
    return remove_list_redundancies(members)


def list_families_in_one_walk() -> None:
    """Make ``Mobject.get_family`` build its list in one walk (idempotent)."""
    Mobject.get_family = family


def update_family(mobject: Mobject, dt: float) -> None:
    """``mobject.update(dt)``: the updaters of ``mobject`` and of its submobjects, parents
    first, none below a member whose updating is suspended; ``update`` is called only on the
    members that have updaters (a scene's families are hundreds of members, a handful with
    updaters, walked in every frame). A member of a class with its own ``update`` is updated
    by it, family and all."""
    pending = [mobject]
    while pending:
        member = pending.pop()
        if type(member).update is not Mobject.update:
            member.update(dt)
            continue
        if member.updating_suspended:
            continue
        if member.updaters:
            member.update(dt, recursive=False)
        # read after the member's updaters ran, as Mobject.update reads them
        pending.extend(reversed(member.submobjects))
