// Surface-coil correction: see SurfaceCoilCorrection.swift
