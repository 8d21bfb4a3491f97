"""The paper as JATS XML: the ``jats`` builder (:mod:`.builder`) and its translator (:mod:`.translator`)."""
