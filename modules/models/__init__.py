from .glossary import GlossaryTerm
from .h5p import H5PActivity, H5PActivityChange, H5PLibrary, H5PResult
from .library import ModuleOrigin
from .pages import KitModule, KitPage, LessonPage, ModuleLibraryPage, ModulePage, QuizPage, SelfAssessmentPage
from .provenance import ImportedKit, ItemProvenance, StaleTranslation
from .releases import KitRelease, ReleaseFile
from ..learning.models import AnswerRecord, Certificate, CredentialKey, ItemProgress, QuizAttempt, SelfAssessmentResult
from .taxonomy import TargetGroup, ThematicArea
from .translation_records import TranslationCredit, TranslationReport
from ..interop.models import OutboxStatement  # noqa: F401 - registers the xAPI outbox model
from ..jobs.models import Job
from ..lti.models import LtiCourse, LtiGradeLink, LtiPlatform, LtiRegistrationLink, LtiScore  # noqa: F401 - registers the LTI models

__all__ = [
    "AnswerRecord", "Certificate", "CredentialKey", "GlossaryTerm", "H5PActivity", "H5PActivityChange", "H5PLibrary", "H5PResult", "ImportedKit", "Job", "KitRelease", "ReleaseFile", "ItemProgress", "ItemProvenance", "KitModule", "KitPage", "LessonPage",
    "ModuleLibraryPage", "ModuleOrigin", "ModulePage", "QuizAttempt", "QuizPage", "SelfAssessmentPage", "SelfAssessmentResult", "StaleTranslation",
    "TargetGroup", "ThematicArea", "TranslationCredit", "TranslationReport",
]
