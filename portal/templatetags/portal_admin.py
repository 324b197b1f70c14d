"""The admin home page's work panels (portal.registry.add_dashboard)."""

from django import template

from portal import registry

register = template.Library()


@register.inclusion_tag("admin/portal/work_panels.html", takes_context=True)
def work_panels(context):
    request = context["request"]
    return {"panels": registry.dashboard(request)}


@register.inclusion_tag("admin/portal/workflow/submit_line.html", takes_context=True)
def workflow_submit_row(context):
    """Django's submit row, with the workflow's buttons (portal/admin/workflow.py)."""
    from django.contrib.admin.templatetags.admin_modify import submit_row

    return submit_row(context).flatten()
