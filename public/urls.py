from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    # Public, no login.
    path("publik/statistik/", views.statistics_page, name="statistics"),
    path("publik/statistik/data.json", views.statistics_json, name="statistics-json"),
    path("publik/statistik/<slug:table>.csv", views.statistics_csv, name="statistics-csv"),
    path("publik/masukan/", views.feedback_send, name="feedback"),
    path("publik/masukan/lacak/", views.feedback_track, name="feedback-track"),
    # The Inspektorat's and the units' handling is in the site's menu (config/site.py, /masukan/).
]
