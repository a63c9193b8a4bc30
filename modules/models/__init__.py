from .pages import KitModule, KitPage, LessonPage, ModuleLibraryPage, ModulePage, QuizPage
from .provenance import ItemProvenance
from .progress import AnswerRecord, Certificate, ItemProgress, QuizAttempt
from .taxonomy import TargetGroup, ThematicArea

__all__ = [
    "AnswerRecord", "Certificate", "ItemProgress", "ItemProvenance", "KitModule", "KitPage", "LessonPage",
    "ModuleLibraryPage", "ModulePage", "QuizAttempt", "QuizPage", "TargetGroup", "ThematicArea",
]
