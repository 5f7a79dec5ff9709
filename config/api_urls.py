"""/api/: cases, tasks, the ledger, and the OpenAPI schema."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from audit import api as audit_api
from decisions.api_decrees import DecreeValidateView
from decisions.policy import api as policy_api
from inspection import api as inspect_api
from placement import api as placement_api
from web.api import cases as cases_api
from web.api import pickers as pickers_api
from web.api import tasks as tasks_api
from web.api.signing import TaskSigningCode

from .api_views import Me, ObtainToken, RevokeToken


class SwaggerDocs(SpectacularSwaggerSplitView):
    """The browsable schema. Swagger UI's files come from the instance's static files
    (drf-spectacular-sidecar) and its start-up script from here (the split view: no inline
    script), so the page works without internet and loads nothing from another host.
    Swagger UI sets inline styles as it draws, so this one page allows them (styles only;
    scripts stay our own)."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
        )
        return response


urlpatterns = [
    path("auth/token/", ObtainToken.as_view(), name="api-token"),
    path("auth/logout/", RevokeToken.as_view(), name="api-logout"),
    path("me/", Me.as_view(), name="api-me"),
    path("cases/", cases_api.CaseListCreate.as_view(), name="api-cases"),
    path("cases/<int:pk>/", cases_api.CaseDetail.as_view(), name="api-case"),
    path("cases/<int:pk>/submit/", cases_api.CaseSubmit.as_view(), name="api-case-submit"),
    path("cases/<int:pk>/withdraw/", cases_api.CaseWithdraw.as_view(), name="api-case-withdraw"),
    path("cases/<int:pk>/history/", cases_api.CaseHistory.as_view(), name="api-case-history"),
    path("cases/<int:pk>/decree.pdf", cases_api.CaseDecreePdf.as_view(), name="api-case-decree"),
    path(
        "cases/<int:pk>/decree/extract/<int:number>.pdf",
        cases_api.CaseDecreeExtractPdf.as_view(),
        name="api-case-decree-extract",
    ),
    path("cases/<int:pk>/attachments/", cases_api.CaseAttachments.as_view(), name="api-case-attachments"),
    path("tasks/", tasks_api.TaskList.as_view(), name="api-tasks"),
    path("tasks/<int:pk>/approve/", tasks_api.TaskApprove.as_view(), name="api-task-approve"),
    path("tasks/<int:pk>/return/", tasks_api.TaskReturn.as_view(), name="api-task-return"),
    path("tasks/<int:pk>/reject/", tasks_api.TaskReject.as_view(), name="api-task-reject"),
    path("tasks/<int:pk>/decide/", tasks_api.TaskDecide.as_view(), name="api-task-decide"),
    path("tasks/<int:pk>/signing-code/", TaskSigningCode.as_view(), name="api-task-signing-code"),
    path("tasks/<int:pk>/reassign/", tasks_api.TaskReassign.as_view(), name="api-task-reassign"),
    path("tasks/<int:pk>/drop/", tasks_api.TaskDropItems.as_view(), name="api-task-drop"),
    path("decrees/validate/", DecreeValidateView.as_view(), name="decree-validate"),
    path("pickers/employees/", pickers_api.EmployeeSearch.as_view(), name="api-picker-employees"),
    path("pickers/positions/", pickers_api.PositionSearch.as_view(), name="api-picker-positions"),
    path("policy/check/", policy_api.PolicyCheck.as_view(), name="api-policy-check"),
    path("policy/report/", policy_api.PolicyReport.as_view(), name="api-policy-report"),
    path("placement/map/", placement_api.PositionMap.as_view(), name="api-placement-map"),
    path(
        "placement/positions/<int:pk>/candidates/",
        placement_api.Candidates.as_view(),
        name="api-placement-candidates",
    ),
    path(
        "placement/positions/<int:pk>/candidates/<str:nip>/",
        placement_api.CandidateCheck.as_view(),
        name="api-placement-check",
    ),
    path(
        "placement/positions/<int:pk>/start/", placement_api.StartCase.as_view(), name="api-placement-start"
    ),
    path(
        "placement/employees/<str:nip>/vacancies/",
        placement_api.EmployeeVacancies.as_view(),
        name="api-placement-vacancies",
    ),
    path("placement/talent/", placement_api.TalentPool.as_view(), name="api-placement-talent"),
    path("placement/skp/", placement_api.SkpRatings.as_view(), name="api-placement-skp"),
    path("audit/verify/", audit_api.LedgerVerify.as_view(), name="api-audit-verify"),
    # The inspector workspace (read-only; inspectors and superusers only).
    path("inspect/cases/", inspect_api.InspectCases.as_view(), name="api-inspect-cases"),
    path(
        "inspect/cases/<int:pk>/timeline/", inspect_api.InspectTimeline.as_view(), name="api-inspect-timeline"
    ),
    path("inspect/cases/<int:pk>/as-of/", inspect_api.InspectAsOf.as_view(), name="api-inspect-as-of"),
    path(
        "inspect/cases/<int:pk>/export/",
        inspect_api.InspectCaseExport.as_view(),
        name="api-inspect-case-export",
    ),
    path("inspect/export/", inspect_api.InspectSearchExport.as_view(), name="api-inspect-export"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SwaggerDocs.as_view(url_name="api-schema"), name="api-docs"),
]
