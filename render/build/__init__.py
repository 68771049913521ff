"""One build: which outputs a talk has and their names, the jobs that render them, publishing, watch.

Contract: the top layer under render.cli. It composes the planners and writers below it and is
the only layer that writes files into output/.
"""
