from django.contrib import admin

from discussions.models import Comment, Thread


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 0
    readonly_fields = ["author", "created_at"]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["pk", "department", "content_type", "object_id", "anchor", "resolved_at"]
    list_filter = ["department", "content_type"]
    readonly_fields = ["content_type", "object_id", "created_by", "created_at"]
    inlines = [CommentInline]
