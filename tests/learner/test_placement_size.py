from tutor.learner.placement_size import placement_questions


def test_no_placement_for_a_topic_or_two_ahead() -> None:
    assert [placement_questions(k, 10) for k in (0, 1, 2)] == [0, 0, 0]


def test_the_placement_scales_with_the_path_up_to_the_maximum() -> None:
    assert [placement_questions(k, 10) for k in (3, 4, 5, 60)] == [6, 8, 10, 10]
