"""The recording API the apps call while a page renders for the bake."""

from dateline.core.shown import is_recording, note_shown, recording


def test_keys_noted_inside_a_recording_are_collected_once_each():
    with recording() as shown:
        assert is_recording()
        note_shown("page:1", "comments:1")
        note_shown("page:1")
    assert shown == {"page:1", "comments:1"}
    assert not is_recording()


def test_noting_outside_a_recording_keeps_nothing():
    note_shown("page:1")
    with recording() as shown:
        pass
    assert shown == set()


def test_recordings_nest_without_mixing_their_keys():
    with recording() as outer:
        note_shown("page:1")
        with recording() as inner:
            note_shown("page:2")
        note_shown("page:3")
    assert (outer, inner) == ({"page:1", "page:3"}, {"page:2"})
