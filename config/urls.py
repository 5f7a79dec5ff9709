from django.contrib import admin
from django.urls import include, path

from .auth import AdminLoginForm

admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("config.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("decisions.urls")),
    path("", include("config.site_urls")),
]
# No /media/ route, not even with DEBUG: decrees and attachments are served only by views
# that check access (config/storage.py).
