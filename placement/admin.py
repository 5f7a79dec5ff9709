from django.contrib import admin

from .models import ScoreWeight


@admin.register(ScoreWeight)
class ScoreWeightAdmin(admin.ModelAdmin):
    list_display = ("factor", "weight")
