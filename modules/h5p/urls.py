from . import player, views

urlpatterns = [*player.urlpatterns, *views.urlpatterns]
