from .h5p import H5PActivity, H5PLibrary, H5PResult
from .library import ModuleOrigin
from .pages import KitModule, KitPage, LessonPage, ModuleLibraryPage, ModulePage, QuizPage
from .provenance import ImportedKit, ItemProvenance
from .releases import KitRelease, ReleaseFile
from .self_assessment import SelfAssessmentPage, SelfAssessmentResult
from .learner_records import AnswerRecord, Certificate, ItemProgress, QuizAttempt
from .taxonomy import TargetGroup, ThematicArea
from ..interop.models import OutboxStatement  # noqa: F401 - registers the xAPI outbox model

__all__ = [
    "AnswerRecord", "Certificate", "H5PActivity", "H5PLibrary", "H5PResult", "ImportedKit", "KitRelease", "ReleaseFile", "ItemProgress", "ItemProvenance", "KitModule", "KitPage", "LessonPage",
    "ModuleLibraryPage", "ModuleOrigin", "ModulePage", "QuizAttempt", "QuizPage", "SelfAssessmentPage", "SelfAssessmentResult", "TargetGroup", "ThematicArea",
]
