from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .models import Unit


@login_required
def unit_list(request):
    return render(request, "orgs/unit_list.html", {"units": Unit.objects.filter(depth=1)})


@login_required
def unit_detail(request, code):
    unit = get_object_or_404(Unit, code=code)
    return render(request, "orgs/unit_detail.html", {"unit": unit})
