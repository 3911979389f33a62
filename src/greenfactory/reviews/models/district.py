"""The district bureau's pre-review (初审) and its recommendations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from greenfactory.core.codes import new_code

from ..enums import CreditResult, DistrictDecision


class DistrictReview(models.Model):
    """The district bureau's pre-review of one submitted version of an application."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="district_reviews"
    )
    version = models.PositiveIntegerField(_("version"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    materials_complete = models.BooleanField(_("materials complete"), null=True, blank=True)
    gates_verified = models.BooleanField(
        _("basic requirements and negative list verified"), null=True, blank=True
    )
    credit_china_on = models.DateField(_("信用中国 checked on"), null=True, blank=True)
    credit_china_result = models.CharField(
        _("信用中国 result"), max_length=8, choices=CreditResult.choices, blank=True
    )
    credit_gsxt_on = models.DateField(
        _("国家企业信用信息公示系统 checked on"), null=True, blank=True
    )
    credit_gsxt_result = models.CharField(
        _("国家企业信用信息公示系统 result"), max_length=8, choices=CreditResult.choices, blank=True
    )
    # 信用江苏, the province's credit platform, beside the two national ones (decisions §51).
    credit_jiangsu_on = models.DateField(_("信用江苏 checked on"), null=True, blank=True)
    credit_jiangsu_result = models.CharField(
        _("信用江苏 result"), max_length=8, choices=CreditResult.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    decision = models.CharField(
        _("decision"), max_length=12, choices=DistrictDecision.choices, blank=True
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application", "-version"]
        verbose_name = _("district pre-review")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "version"], name="one_review_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} v{self.version}"


class IndicatorComment(models.Model):
    """The reviewer's comment on one indicator; on a return, the reason the enterprise sees."""

    review = models.ForeignKey(DistrictReview, on_delete=models.CASCADE, related_name="comments")
    indicator = models.ForeignKey("programme.Indicator", on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("comment"))

    class Meta:
        ordering = ["indicator__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "indicator"], name="one_comment_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.comment[:40]}"


class RecommendationRank(models.Model):
    """The district's order of preference among its recommended applications of a batch."""

    application = models.OneToOneField(
        "applications.Application", on_delete=models.CASCADE, related_name="recommendation_rank"
    )
    rank = models.PositiveIntegerField(_("rank"))

    class Meta:
        ordering = ["rank"]

    def __str__(self) -> str:
        return f"{self.rank}. {self.application}"


def letter_path(instance, filename):
    return f"letters/{instance.batch.code}/{new_code(16)}"


class RecommendationLetter(models.Model):
    """The district bureau's signed recommendation letter (推荐函) for a batch."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    batch = models.ForeignKey("programme.Batch", on_delete=models.CASCADE, related_name="+")
    district = models.ForeignKey("accounts.Region", on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to=letter_path)
    original_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
