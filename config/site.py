"""The web application: viewflow's frontend (its Site, menus and Material shell) with
Sahih's own pages. Each Application is one entry in the menu; who sees it is decided by
role, and what each page shows is decided by the selectors."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from viewflow.urls import Application, Site

from inspection import views as inspect
from inspection.access import may_inspect
from personnel.roles import user_roles
from placement import views as placement
from public import views as public_views
from web.views import cases, dashboard, home, konsep, tasks


class SahihApp(Application):
    """An entry in the menu, shown to the roles named (everyone when ``roles`` is empty)."""

    roles: tuple[str, ...] = ()
    menu_template_name = None  # one page per entry: no sub-menu

    def has_view_permission(self, user, obj=None) -> bool:
        # Anonymous users pass here so the page itself redirects them to the login form
        # (viewflow's SiteMiddleware would answer 403 instead).
        if not user.is_authenticated or user.is_superuser or not self.roles:
            return True
        return bool(user_roles(user) & set(self.roles))


class HomeApp(SahihApp):
    title = _("Home")
    icon = "home"
    app_name = "home"
    index_path = path("", home.home, name="index")


class TasksApp(SahihApp):
    title = _("Inbox")
    icon = "inbox"
    app_name = "tasks"
    roles = ("official", "verifier", "signer", "clerk", "admin")
    index_path = path("", tasks.inbox, name="index")
    decide_path = path("<int:pk>/decide/", tasks.decide, name="decide")
    drop_path = path("<int:pk>/drop/", tasks.drop_items, name="drop")
    reassign_path = path("<int:pk>/reassign/", tasks.reassign, name="reassign")


class CasesApp(SahihApp):
    title = _("Cases")
    icon = "folder_open"
    app_name = "cases"
    roles = ("clerk", "official", "verifier", "signer", "inspector", "admin")
    index_path = path("", cases.case_list, name="index")
    new_path = path("new/", cases.case_new, name="new")
    detail_path = path("<int:pk>/", cases.case_detail, name="detail")
    edit_path = path("<int:pk>/edit/", cases.case_edit, name="edit")
    submit_path = path("<int:pk>/submit/", cases.case_submit, name="submit")
    withdraw_path = path("<int:pk>/withdraw/", cases.case_withdraw, name="withdraw")
    attachment_path = path("<int:pk>/files/<int:attachment>/", cases.attachment_file, name="attachment")
    decree_path = path("<int:pk>/decree.pdf", cases.decree_pdf, name="decree")
    konsep_path = path("<int:pk>/konsep.pdf", konsep.konsep, name="konsep")
    chart_path = path("<int:pk>/route.svg", cases.route_chart, name="chart")


class InspectApp(SahihApp):
    """The inspector workspace: read-only, inspectors and superusers (inspection/views.py)."""

    title = _("Inspection")
    icon = "policy"
    app_name = "inspect"
    roles = ("inspector",)
    index_path = path("", inspect.search, name="index")
    case_path = path("cases/<int:pk>/", inspect.case, name="case")
    case_export_path = path("cases/<int:pk>/export/", inspect.export_case, name="export_case")
    export_path = path("export/", inspect.export_search, name="export")
    verify_path = path("verify/", inspect.verify, name="verify")
    key_path = path("public-key.pem", inspect.public_key, name="public_key")

    def has_view_permission(self, user, obj=None) -> bool:
        # The permission decides, not the group: a superuser or a user granted
        # decisions.inspect_case directly is an inspector too.
        return not user.is_authenticated or may_inspect(user)


class DashboardApp(SahihApp):
    title = _("Dashboard")
    icon = "insights"
    app_name = "dashboard"
    roles = ("official", "verifier", "signer", "inspector", "admin")
    index_path = path("", dashboard.dashboard_page, name="index")


class PlacementApp(SahihApp):
    """Competency-based placement: the position map, candidates, talent pool, SKP (placement/)."""

    title = _("Placement")
    icon = "groups"
    app_name = "placement"
    roles = ("clerk", "official", "verifier", "signer", "inspector", "admin")
    index_path = path("", placement.city_map, name="index")
    unit_path = path("units/<str:code>/", placement.unit_map, name="unit")
    export_path = path("export.<str:fmt>", placement.export_map, name="export")
    candidates_path = path("positions/<int:pk>/candidates/", placement.candidates, name="candidates")
    check_path = path("positions/<int:pk>/check/", placement.check, name="check")
    start_path = path("positions/<int:pk>/start/", placement.start, name="start")
    employee_path = path("employees/<str:nip>/", placement.employee_fit, name="employee")
    talent_path = path("talent/", placement.talent_pool, name="talent")
    skp_path = path("skp/", placement.skp_dashboard, name="skp")


class FeedbackApp(SahihApp):
    """Public feedback: the Inspektorat handles it, the units' heads respond (public/views.py)."""

    title = pgettext_lazy("side menu", "Public feedback")
    icon = "feedback"
    app_name = "masukan"
    roles = ("inspector", "official")
    index_path = path("", public_views.feedback_list, name="index")
    detail_path = path("<int:pk>/", public_views.feedback_detail, name="detail")


class SahihSite(Site):
    """The site with its own menu template (translated headings, the region's emblem)."""

    menu_template_name = "sahih/site_menu.html"


site = SahihSite(
    title="Sahih",
    primary_color="#1f4e79",
    secondary_color="#c9a227",
    viewsets=[HomeApp(), TasksApp(), CasesApp(), PlacementApp(), DashboardApp(), InspectApp(), FeedbackApp()],
)
