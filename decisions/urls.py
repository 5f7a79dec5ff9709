from django.urls import path

from . import views

urlpatterns = [
    # The address printed in every decree's QR code: public, no login.
    path("v/<str:token>/", views.decree_verify, name="decree-verify"),
    # One employee's extract (PETIKAN) of a collective decree: ``number`` is their row.
    path("cases/<int:pk>/decree/extract/<int:number>.pdf", views.decree_extract_pdf, name="decree-extract"),
]
