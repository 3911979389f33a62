"""URLs of the expert review (专家评审)."""

urlpatterns = []
