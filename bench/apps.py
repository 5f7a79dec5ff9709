from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Installed only by config.bench_settings: it holds the bare viewflow flow we compare with."""

    name = "bench"
    label = "bench"
