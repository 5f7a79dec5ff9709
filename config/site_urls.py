from django.urls import path
from viewflow.contrib.auth import AuthViewset

from .auth import LoginForm
from .site import site
from .views import emblem


class SahihAuthViewset(AuthViewset):
    def get_login_view_kwargs(self, **kwargs):
        return super().get_login_view_kwargs(form_class=LoginForm, **kwargs)


urlpatterns = [
    path("emblem.svg", emblem, name="emblem"),
    path("accounts/", SahihAuthViewset(allow_password_change=True, with_profile_view=False).urls),
    path("", site.urls),
]
