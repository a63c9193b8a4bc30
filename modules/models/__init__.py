from .pages import KitModule, KitPage, LessonPage, ModuleLibraryPage, ModulePage, QuizPage
from .progress import AnswerRecord, Certificate, ItemProgress, QuizAttempt
from .taxonomy import TargetGroup, ThematicArea

__all__ = [
    "AnswerRecord", "Certificate", "ItemProgress", "KitModule", "KitPage", "LessonPage",
    "ModuleLibraryPage", "ModulePage", "QuizAttempt", "QuizPage", "TargetGroup", "ThematicArea",
]
