"""What an import tells other apps. Its bulk writes send no ``post_save``, so
``rows_written`` is sent after each chunk it writes, inside the import's transaction, with
``sender`` the model and ``objects`` the instances the chunk added or changed."""

from django.dispatch import Signal

rows_written = Signal()
