from .articles import (
    Article,
    ArticlePhoto,
    ArticleQuerySet,
    ArticleViewDay,
    Category,
    Photo,
    RichBody,
    TimeStamped,
    _photos_by_key,
    default_category_id,  # referenced by migration 0001
)
from .events import (
    EventSpeaker,
    EventTopic,
    ParticipantGroup,
    Programme,
    TrainingEvent,
    check_group_counts,
)

__all__ = [
    "Article",
    "ArticlePhoto",
    "ArticleQuerySet",
    "ArticleViewDay",
    "Category",
    "EventSpeaker",
    "EventTopic",
    "ParticipantGroup",
    "Photo",
    "Programme",
    "RichBody",
    "TimeStamped",
    "TrainingEvent",
    "_photos_by_key",
    "check_group_counts",
    "default_category_id",
]
