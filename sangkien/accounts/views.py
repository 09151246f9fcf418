from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from .consent import consent_give, has_current_consent
from .models import PrivacyNotice


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"


def consent(request):
    notice = PrivacyNotice.current()
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    if notice is None or not request.user.is_authenticated or has_current_consent(request.user):
        return redirect(next_url)
    if request.method == "POST" and request.POST.get("agree") == "yes":
        consent_give(user=request.user, notice=notice, ip_address=request.META.get("REMOTE_ADDR"))
        return redirect(next_url)
    return render(request, "accounts/consent.html", {"notice": notice, "next": next_url})
