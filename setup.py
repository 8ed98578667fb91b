# SPDX-License-Identifier: GPL-3.0-or-later
"""The one compiled part: libVLC's picture callbacks in C (widgets/_frames.c), so that no
picture of any tile takes the GIL. Everything else about the package is in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "widgets._frames",
            sources=["widgets/_frames.c"],
            extra_compile_args=["-O2", "-Wall", "-Wextra"],
        )
    ]
)
