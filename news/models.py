"""The content kinds' models, gathered for Django's app registry (each lives in its kind's
package: news/articles, news/events, news/documents, news/questions)."""

from .agency.models import Official, Position, Unit
from .articles.models import (
    Article,
    ArticleQuerySet,
    ArticleViewDay,
    Category,
    default_category_id,  # referenced by migration 0001
)
from .consultations.models import Comment, Consultation, ConsultationReport
from .documents.models import (
    Document,
    DocumentRelation,
    DocumentType,
    Field,
    Issuer,
    Procedure,
    Signer,
)
from .events.models import (
    EventSpeaker,
    EventTopic,
    ParticipantGroup,
    Programme,
    TrainingEvent,
    check_group_counts,
)
from .questions.models import Question, Topic
from .schedules.models import ScheduleItem, ScheduleWeek

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleViewDay",
    "Category",
    "Comment",
    "Consultation",
    "ConsultationReport",
    "Document",
    "DocumentRelation",
    "DocumentType",
    "EventSpeaker",
    "EventTopic",
    "Field",
    "Issuer",
    "Official",
    "ParticipantGroup",
    "Position",
    "Procedure",
    "Programme",
    "Question",
    "ScheduleItem",
    "ScheduleWeek",
    "Signer",
    "Topic",
    "TrainingEvent",
    "Unit",
    "check_group_counts",
    "default_category_id",
]
