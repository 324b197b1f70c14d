"""The admin home page's work panels (portal.registry.add_dashboard)."""

from django import template

from portal import registry

register = template.Library()


@register.inclusion_tag("admin/portal/work_panels.html", takes_context=True)
def work_panels(context):
    request = context["request"]
    return {"panels": registry.dashboard(request)}
