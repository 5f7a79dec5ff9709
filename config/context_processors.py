from django.conf import settings


def region(request):
    """The region's name and head title, for every page's heading."""
    region = settings.SAHIH_REGION
    return {
        "region": region,
        "region_title": f"Pemerintah {region['kind']} {region['name']}",
    }
