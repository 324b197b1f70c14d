"""schema.org Event for the event page."""

from django.conf import settings

from portal.structured_data import local_iso

from .models import TrainingEvent


def event_jsonld(event) -> dict:
    """schema.org Event, printed through the json_script-style escaping of |jsonld."""

    status = {
        TrainingEvent.Status.PLANNED: "https://schema.org/EventScheduled",
        TrainingEvent.Status.HELD: "https://schema.org/EventScheduled",
        TrainingEvent.Status.CANCELLED: "https://schema.org/EventCancelled",
    }[event.status]
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": local_iso(event.start),
        "endDate": local_iso(event.end),
        "eventStatus": status,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": event.place, "address": event.place},
        "organizer": {"@type": "GovernmentOrganization", "name": event.organiser},
        "url": settings.SITE_URL + event.get_absolute_url(),
        "inLanguage": "vi",
    }
    performers = [s for s in event.speakers.all() if s.role == s.Role.PRESENTED]
    if performers:
        data["performer"] = [{"@type": "Person", "name": s.name} for s in performers]
    if event.participants_total:
        data["maximumAttendeeCapacity"] = event.participants_total
    return data
