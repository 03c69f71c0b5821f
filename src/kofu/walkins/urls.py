"""Walk-in tickets: the window staff's queue, the hall's call display and the window figures."""

from django.urls import path

from kofu.walkins import views

app_name = "walkins"

urlpatterns = [
    # access: municipality_staff (own municipality's site, else 404)
    path("<int:site_id>/", views.queue, name="queue"),
    # access: public (the hall screen: ticket numbers and windows only)
    path("<int:site_id>/display/", views.display, name="display"),
    # access: municipality_staff (own municipality's site, else 404)
    path("<int:site_id>/figures/", views.figures, name="figures"),
]
