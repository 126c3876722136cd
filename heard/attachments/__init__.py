"""Attachments of individual addresses and collective appeals: documents, images, video files and
video links (issue 18; decisions 0549 and 0550)."""
