from django.urls import path

from . import views

urlpatterns = [
    path("my-learning/", views.my_learning, name="my_learning"),
    path("learn/lessons/<uuid:lesson_key>/complete/", views.complete_lesson, name="complete_lesson"),
    path("learn/quizzes/<uuid:quiz_key>/start/", views.start_attempt, name="start_attempt"),
    path("learn/attempts/<uuid:public_id>/", views.attempt, name="attempt"),
    path("certificates/<str:code>/", views.verify_certificate, name="verify_certificate"),
]
