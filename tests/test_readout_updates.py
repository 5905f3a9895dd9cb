"""Readouts and followers redraw only when what they show changes."""

from __future__ import annotations


def test_a_readout_is_typeset_again_only_when_its_digits_change():
    from manim import DecimalNumber

    from scenes.kit.readout import show_value

    number = DecimalNumber(0.123, num_decimal_places=3)
    glyphs = number.submobjects
    show_value(number, 0.1231)  # shows 0.123 still
    assert number.submobjects is glyphs
    assert number.get_value() == 0.1231
    show_value(number, 0.125)
    assert number.submobjects is not glyphs
    assert number.get_value() == 0.125


def test_a_follower_redraws_only_when_its_key_changes():
    from manim import VMobject

    from scenes.kit.readout import when_changed

    key, redrawn = [0], []
    follower = VMobject()
    follower.add_updater(when_changed(lambda: key[0], lambda _m, k: redrawn.append(k)))
    for k in (0, 0, 1, 1, 1, 2, 0):
        key[0] = k
        follower.update()
    # add_updater calls it once when given: the first key is drawn at once
    assert redrawn == [0, 1, 2, 0]
