from django.urls import path
from viewflow.contrib.auth import AuthViewset

from .site import site
from .views import emblem

urlpatterns = [
    path("emblem.svg", emblem, name="emblem"),
    path("accounts/", AuthViewset(allow_password_change=True, with_profile_view=False).urls),
    path("", site.urls),
]
