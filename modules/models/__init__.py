from .pages import KitModule, KitPage, LessonPage, ModuleLibraryPage, ModulePage, QuizPage
from .provenance import ImportedKit, ItemProvenance
from .releases import KitRelease, ReleaseFile
from .progress import AnswerRecord, Certificate, ItemProgress, QuizAttempt
from .taxonomy import TargetGroup, ThematicArea

__all__ = [
    "AnswerRecord", "Certificate", "ImportedKit", "KitRelease", "ReleaseFile", "ItemProgress", "ItemProvenance", "KitModule", "KitPage", "LessonPage",
    "ModuleLibraryPage", "ModulePage", "QuizAttempt", "QuizPage", "TargetGroup", "ThematicArea",
]
