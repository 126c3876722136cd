"""A model choice field that reads its few options in one query (decision 0565).

Django's ModelChoiceIterator reads the options through `queryset.iterator()`, which on
PostgreSQL is a server-side cursor: DECLARE, FETCH and CLOSE, three round trips for a list of
ten departments, held over the commit outside a transaction. The staff pages render five such
selects a page; under load each round trip cost as much as the page's real queries. Options
are a short list: they are read as one."""

from django import forms
from django.forms.models import ModelChoiceIterator


class ListedModelChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ListedModelChoiceField(forms.ModelChoiceField):
    iterator = ListedModelChoiceIterator
