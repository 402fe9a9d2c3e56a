#pragma once
// How the window is composed. The notes' web view is a Qt Quick item; with Qt Quick on
// OpenGL the whole window is composed through OpenGL on every frame. Where OpenGL is only
// a software rasterizer (llvmpipe: Xvfb, a VM or a machine without a GPU driver) that
// composition cost about 10 ms a frame on top of painting, more than the paint itself, so
// there Qt Quick's own software renderer is used instead and the window stays a plain
// raster window. QT_QUICK_BACKEND, when set, decides instead.
#include <QString>

namespace kubelab::app {

// Call after QApplication is constructed and before any window exists. Returns the
// choice made: "software (OpenGL is llvmpipe)", "OpenGL (Mesa Intel(R) UHD ...)", ...
QString chooseQuickRenderer();
// What chooseQuickRenderer() chose ("" before it ran), for the About box.
QString quickRendererChoice();

// The OpenGL renderer string ("llvmpipe (LLVM 15.0.6, 256 bits)"), "" when no context.
QString openGlRenderer();

} // namespace kubelab::app
