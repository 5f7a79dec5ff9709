from django.contrib import admin
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from .auth import AdminLoginForm

admin.site.login_form = AdminLoginForm
# The admin speaks the product's name and the user's language, not "Django administration".
admin.site.site_header = _("Sahih administration")
admin.site.site_title = _("Sahih administration")
admin.site.index_title = _("Registry, calendar and rule parameters")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("config.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Browsers ask for /favicon.ico on every page, the public ones too: the region's emblem.
    path("favicon.ico", RedirectView.as_view(url=reverse_lazy("emblem"), permanent=True)),
    path("", include("decisions.urls")),
    path("", include("public.urls")),
    path("", include("config.site_urls")),
]
# No /media/ route, not even with DEBUG: decrees and attachments are served only by views
# that check access (config/storage.py).
