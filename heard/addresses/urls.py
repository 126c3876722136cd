from django.urls import path

from heard.addresses.views import (
    applicant_links,
    bulk,
    events,
    held,
    organisations,
    overdue,
    public,
    staff,
)

app_name = "addresses"

urlpatterns = [
    path("addresses/new/", public.address_create, name="create"),
    path("addresses/sent/", public.address_sent, name="sent"),
    path("addresses/track/", public.address_track, name="track"),
    path(
        "addresses/confirm/<str:number>/<str:token>/", public.address_confirm, name="confirm"
    ),
    path(
        "addresses/verdict/<str:number>/<str:token>/",
        applicant_links.address_verdict,
        name="verdict",
    ),
    path(
        "addresses/complaint/<str:number>/<str:token>/",
        applicant_links.address_complaint,
        name="complaint",
    ),
    path("addresses/statistics/", public.statistics_index, name="statistics"),
    path(
        "addresses/statistics/<slug:slug>/",
        public.statistics_addressee,
        name="statistics_addressee",
    ),
    path("addresses/overdue/<slug:slug>/", overdue.overdue_list, name="overdue"),
    path(
        "addresses/overdue/<slug:slug>/<str:tier>.atom",
        overdue.OverdueAddressesFeed(),
        name="overdue_feed",
    ),
    path(
        "addresses/statistics/<slug:slug>.csv", public.statistics_csv, name="statistics_csv"
    ),
    path("events/", events.event_register, name="events"),
    path("events/new/", events.event_notice_create, name="event_create"),
    path(
        "staff/addresses/item/<id:pk>/event-answer/",
        events.event_notice_answer,
        name="event_answer",
    ),
    path("campaigns/", public.campaign_list, name="campaigns"),
    path("campaigns/<slug:slug>/", public.campaign_detail, name="campaign"),
    path("organisations/register/", organisations.register, name="organisation_register"),
    path("organisations/login/", organisations.login, name="organisation_login"),
    path("organisations/", organisations.home, name="organisation_home"),
    path("organisations/<slug:slug>/", organisations.cases, name="organisation_cases"),
    path("organisations/<slug:slug>/new/", organisations.submit, name="organisation_submit"),
    path("staff/addresses/", staff.home, name="staff_home"),
    path("staff/addresses/organisations/", staff.organisations_review, name="organisations"),
    path(
        "staff/addresses/organisations/<id:pk>/verify/",
        staff.organisation_verify,
        name="organisation_verify",
    ),
    path("staff/addresses/bulk/<id:pk>/", bulk.bulk_progress, name="bulk_progress"),
    path("staff/addresses/<slug:slug>/", staff.queue, name="queue"),
    path("staff/addresses/<slug:slug>/enter/", staff.enter, name="enter"),
    path("staff/addresses/<slug:slug>/bulk/", bulk.queue_bulk, name="queue_bulk"),
    path("staff/addresses/<slug:slug>/held/", held.held_list, name="held"),
    path("staff/addresses/item/<id:pk>/", staff.detail, name="staff_detail"),
    path("staff/addresses/item/<id:pk>/<str:action>/", staff.act, name="staff_act"),
]
