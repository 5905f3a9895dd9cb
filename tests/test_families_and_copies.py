"""The kit's faster ``Mobject.get_family`` and ``Mobject.__deepcopy__`` give what Manim's give."""

from __future__ import annotations

import copy

import numpy as np

import scenes.kit  # noqa: F401  (installs both)


def _manims_family(mobject):
    from manim.utils.iterables import remove_list_redundancies

    return remove_list_redundancies(list(mobject._iter_family(set())))


def _manims_deepcopy(mobject, memo):
    """Manim 0.22's ``Mobject.__deepcopy__``."""
    result = mobject.__class__.__new__(mobject.__class__)
    memo[id(mobject)] = result
    for key, value in mobject.__dict__.items():
        setattr(result, key, copy.deepcopy(value, memo))
    result.original_id = str(id(mobject))
    return result


def _figure():
    """Glyphs, an arrow with its tip, dot clouds, a group holding one mobject twice (in two
    subgroups) and arrays shared between attributes."""
    from manim import Arrow, Circle, MathTex, VGroup

    from scenes.kit.plane import DotCloud

    shared = Circle()
    figure = VGroup(
        MathTex(r"W_{1} = \sigma(x) + 0.25"),
        Arrow([-4, -3, 0], [-1, -2, 0.5], buff=0),
        DotCloud(np.random.default_rng(1).normal(size=(9, 3)), color="#ff0000", radius=0.05),
        VGroup(shared, Circle()),
        VGroup(Circle(), shared),
    )
    shared.aliased = shared.points  # one array under two names
    shared.fortran = np.asfortranarray(np.arange(12.0).reshape(3, 4))
    shared.labels = np.array(["a", None], dtype=object)
    return figure


def test_a_family_is_listed_as_manim_lists_it():
    from manim import VGroup

    figure = _figure()
    assert figure.get_family() == _manims_family(figure)
    # the shared circle kept at its last place only
    assert len(figure.get_family()) == len(set(figure.get_family()))
    inner, outer = VGroup(), VGroup()
    outer.add(inner)
    inner.submobjects.append(outer)  # a cycle, past add()'s check
    assert outer.get_family() == _manims_family(outer) == [outer, inner]


def _layout(original, copied, seen: dict, originals: list) -> list:
    """What ``copied`` holds, attribute by attribute, with each array or mobject numbered by
    its first appearance: equal layouts are equal copies, sharing the same things."""
    if isinstance(original, np.ndarray):
        assert copied is not original and copied.flags.f_contiguous == original.flags.f_contiguous
        assert copied.dtype == original.dtype and np.array_equal(copied, original)
        key = seen.setdefault(id(copied), len(seen))
        return ["array", key]
    if hasattr(original, "__dict__") and hasattr(original, "submobjects"):
        assert copied is not original and type(copied) is type(original)
        if id(copied) in seen:
            return ["mobject", seen[id(copied)]]
        seen[id(copied)] = len(seen)
        originals.append(original)  # kept alive: ids stay unique
        return [
            (key, _layout(value, copied.__dict__[key], seen, originals))
            for key, value in original.__dict__.items()
            if key not in ("original_id", "path_obj")
        ]
    if isinstance(original, dict):
        return [
            (key, _layout(value, copied[key], seen, originals)) for key, value in original.items()
        ]
    if isinstance(original, (list, tuple)):
        return [_layout(a, b, seen, originals) for a, b in zip(original, copied, strict=True)]
    return [repr(copied) if callable(copied) else copied]


def test_a_copy_is_the_copy_manim_makes():
    from manim import Mobject

    figure = _figure()
    mine = figure.copy()
    kit_deepcopy = Mobject.__deepcopy__
    try:
        Mobject.__deepcopy__ = _manims_deepcopy
        manims = figure.copy()
    finally:
        Mobject.__deepcopy__ = kit_deepcopy
    assert _layout(figure, mine, {}, []) == _layout(figure, manims, {}, [])
    shared = mine.submobjects[3].submobjects[0]
    assert shared is mine.submobjects[4].submobjects[1]
    assert shared.aliased is shared.points


def test_a_family_is_updated_as_manims_update_updates_it():
    """Updaters at every level, one that adds a submobject with its own updater, a member whose
    updating is suspended (its family too) and a class with an update of its own."""
    from manim import Circle, Mobject, VGroup

    from scenes.kit.families import update_family

    class Counting(VGroup):
        def update(self, dt=0, recursive=True):
            calls.append(("own update", self.name, dt))
            return super().update(dt, recursive)

    def figure():
        def note(mobject, dt):
            calls.append((mobject.name, dt))

        def grow(mobject):
            calls.append((mobject.name, 0))
            if len(mobject.submobjects) < 3:
                mobject.add(Circle(name=f"grown {len(mobject.submobjects)}").add_updater(note))

        suspended = VGroup(Circle(name="under suspended").add_updater(note), name="suspended")
        suspended.add_updater(note)
        suspended.suspend_updating(recursive=False)
        counting = Counting(Circle(name="under counting").add_updater(note), name="counting")
        return VGroup(
            VGroup(Circle(name="a").add_updater(note), name="b").add_updater(grow),
            suspended,
            counting.add_updater(note),
            VGroup(VGroup(Circle(name="deep").add_updater(note)), name="plain"),
            name="root",
        ).add_updater(note)

    calls: list = []
    manims = figure()
    for dt in (0.1, 0.2):
        Mobject.update(manims, dt)
    expected, calls = calls, []
    mine = figure()
    for dt in (0.1, 0.2):
        update_family(mine, dt)
    assert calls == expected
    assert len(expected) > 12
