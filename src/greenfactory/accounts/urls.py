from django.contrib.auth import views as auth_views
from django.urls import path

from .views import account, admin, district, enterprise, public

app_name = "accounts"

urlpatterns = [
    path("accounts/login/", public.LoginView.as_view(), name="login"),
    path("accounts/login/code/", public.second_factor, name="second_factor"),
    path("accounts/login/locked/", public.login_with_code, name="login_with_code"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", account.password_change, name="password_change"),
    path("accounts/register/", enterprise.register, name="register"),
    path(
        "accounts/register/finish/<str:token>/",
        enterprise.register_finish,
        name="register_finish",
    ),
    path("enterprise/profile/", enterprise.profile, name="profile"),
    path("enterprise/agencies/", enterprise.agency_authorise, name="agency_authorise"),
    path(
        "enterprise/agencies/<str:agency_code>/revoke/",
        enterprise.agency_revoke,
        name="agency_revoke",
    ),
    path("enterprises/", district.enterprise_list, name="enterprise_list"),
    path("enterprises/pilot-codes/", district.pilot_codes, name="pilot_codes"),
    path("enterprises/<str:code>/", district.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<str:code>/confirm/", district.enterprise_confirm, name="enterprise_confirm"),
    path("enterprises/<str:code>/reject/", district.enterprise_reject, name="enterprise_reject"),
    path(
        "enterprises/<str:code>/established-on/confirm/",
        district.enterprise_confirm_established_on,
        name="enterprise_confirm_established_on",
    ),
    path("admin/accounts/", admin.account_list, name="account_list"),
    path("admin/accounts/new/", admin.account_create, name="account_create"),
    path("admin/accounts/<str:code>/", admin.account_detail, name="account_detail"),
    path("admin/accounts/<str:code>/active/", admin.account_set_active, name="account_set_active"),
    path(
        "admin/accounts/<str:code>/password/",
        admin.account_reset_password,
        name="account_reset_password",
    ),
    path(
        "admin/accounts/<str:code>/second-factor/reset/",
        admin.account_reset_second_factor,
        name="account_reset_second_factor",
    ),
    path(
        "admin/activations/<str:code>/release/",
        admin.activation_release,
        name="activation_release",
    ),
    path("admin/activations/<str:code>/cancel/", admin.activation_cancel, name="activation_cancel"),
    path("accounts/activate/<str:key>/", public.activate, name="activate"),
    path("admin/lockouts/", admin.lockouts, name="lockouts"),
    path("admin/agencies/", admin.agency_list, name="agency_list"),
    path("admin/evaluation-bodies/", admin.evaluation_body_list, name="evaluation_body_list"),
]
