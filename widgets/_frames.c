/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * widgets._frames: libVLC's picture callbacks in C, so that no picture takes the GIL.
 *
 * libVLC's video output asks for a buffer (lock) and hands the finished picture back
 * (display) on its own thread, for every picture of every tile. Written in Python,
 * each of those calls takes the GIL from the UI thread: ~1,000 takeovers a second on a
 * 4x4 wall, ~3,000 on 8x8, and the UI thread waits behind them. Here they only take a
 * mutex of their own for a few instructions; the UI thread asks, when it paints,
 * which buffer holds the newest picture.
 *
 * An Exchange knows the addresses of three picture buffers (owned by Python, see
 * widgets/player.py: FrameBuffers) and which of them is being written, is the newest
 * and is being read. libVLC is always given a buffer that is neither the newest nor
 * the one being read, so three are enough and a painted picture is never written over.
 *
 * The module exports the C callbacks' addresses (LOCK, DISPLAY) for
 * libvlc_video_set_callbacks, with an Exchange's ``opaque`` address as their data.
 * Nothing here calls into Python or libVLC.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#define BUFFERS 3
#define PLANES 3

typedef struct {
    pthread_mutex_t mutex;
    void *planes[BUFFERS][PLANES];
    int latest;                   /* newest complete picture, -1 before the first */
    int reading;                  /* buffer the UI paints, -1 when none */
    unsigned long long sequence;  /* deliveries, repeats of a stalled picture included */
    double last_delivery;         /* CLOCK_MONOTONIC seconds (Python's time.monotonic) */
} state_t;

typedef struct {
    PyObject_HEAD
    state_t state;
} Exchange;

static double monotonic_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* libvlc_video_lock_cb (libVLC's video output thread) */
static void *exchange_lock(void *opaque, void **planes)
{
    state_t *state = opaque;
    int index = 0;
    pthread_mutex_lock(&state->mutex);
    while (index == state->latest || index == state->reading)
        index++;
    pthread_mutex_unlock(&state->mutex);
    for (int plane = 0; plane < PLANES; plane++)
        planes[plane] = state->planes[index][plane];
    return (void *)(intptr_t)(index + 1); /* a picture id libVLC hands back; never NULL */
}

/* libvlc_video_display_cb (libVLC's video output thread) */
static void exchange_display(void *opaque, void *picture)
{
    state_t *state = opaque;
    intptr_t index = (intptr_t)picture - 1;
    if (index < 0 || index >= BUFFERS)
        return;
    double now = monotonic_seconds();
    pthread_mutex_lock(&state->mutex);
    state->latest = (int)index;
    state->sequence++;
    state->last_delivery = now;
    pthread_mutex_unlock(&state->mutex);
}

static int Exchange_init(Exchange *self, PyObject *args, PyObject *kwds)
{
    static char *keywords[] = {"planes", NULL};
    PyObject *buffers;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O", keywords, &buffers))
        return -1;
    PyObject *sequence = PySequence_Fast(buffers, "planes: three buffers of plane addresses");
    if (sequence == NULL)
        return -1;
    if (PySequence_Fast_GET_SIZE(sequence) != BUFFERS) {
        PyErr_SetString(PyExc_ValueError, "planes: exactly three buffers");
        Py_DECREF(sequence);
        return -1;
    }
    void *planes[BUFFERS][PLANES] = {{NULL}};
    for (Py_ssize_t buffer = 0; buffer < BUFFERS; buffer++) {
        PyObject *addresses = PySequence_Fast(PySequence_Fast_GET_ITEM(sequence, buffer),
                                              "planes: a buffer is a sequence of addresses");
        if (addresses == NULL) {
            Py_DECREF(sequence);
            return -1;
        }
        Py_ssize_t count = PySequence_Fast_GET_SIZE(addresses);
        if (count < 1 || count > PLANES) {
            PyErr_SetString(PyExc_ValueError, "planes: one to three planes per buffer");
            Py_DECREF(addresses);
            Py_DECREF(sequence);
            return -1;
        }
        for (Py_ssize_t plane = 0; plane < count; plane++) {
            void *address = PyLong_AsVoidPtr(PySequence_Fast_GET_ITEM(addresses, plane));
            if (address == NULL) {
                if (!PyErr_Occurred())
                    PyErr_SetString(PyExc_ValueError, "planes: a null address");
                Py_DECREF(addresses);
                Py_DECREF(sequence);
                return -1;
            }
            planes[buffer][plane] = address;
        }
        Py_DECREF(addresses);
    }
    Py_DECREF(sequence);
    pthread_mutex_lock(&self->state.mutex);
    memcpy(self->state.planes, planes, sizeof planes);
    self->state.latest = -1;
    self->state.reading = -1;
    self->state.sequence = 0;
    self->state.last_delivery = 0.0;
    pthread_mutex_unlock(&self->state.mutex);
    return 0;
}

static PyObject *Exchange_new(PyTypeObject *type, PyObject *Py_UNUSED(args),
                              PyObject *Py_UNUSED(kwds))
{
    Exchange *self = (Exchange *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    pthread_mutex_init(&self->state.mutex, NULL);
    self->state.latest = -1;
    self->state.reading = -1;
    return (PyObject *)self;
}

static void Exchange_dealloc(Exchange *self)
{
    pthread_mutex_destroy(&self->state.mutex);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *Exchange_begin_read(Exchange *self, PyObject *Py_UNUSED(ignored))
{
    pthread_mutex_lock(&self->state.mutex);
    int index = self->state.latest;
    unsigned long long sequence = self->state.sequence;
    self->state.reading = index;
    pthread_mutex_unlock(&self->state.mutex);
    return Py_BuildValue("(iK)", index, sequence);
}

static PyObject *Exchange_end_read(Exchange *self, PyObject *Py_UNUSED(ignored))
{
    pthread_mutex_lock(&self->state.mutex);
    self->state.reading = -1;
    pthread_mutex_unlock(&self->state.mutex);
    Py_RETURN_NONE;
}

static PyObject *Exchange_get_sequence(Exchange *self, void *Py_UNUSED(closure))
{
    pthread_mutex_lock(&self->state.mutex);
    unsigned long long sequence = self->state.sequence;
    pthread_mutex_unlock(&self->state.mutex);
    return PyLong_FromUnsignedLongLong(sequence);
}

static PyObject *Exchange_get_last_delivery(Exchange *self, void *Py_UNUSED(closure))
{
    pthread_mutex_lock(&self->state.mutex);
    double at = self->state.last_delivery;
    pthread_mutex_unlock(&self->state.mutex);
    return PyFloat_FromDouble(at);
}

static PyObject *Exchange_get_opaque(Exchange *self, void *Py_UNUSED(closure))
{
    return PyLong_FromVoidPtr(&self->state);
}

static PyObject *Exchange_lock(Exchange *self, PyObject *Py_UNUSED(ignored))
{
    /* libVLC's lock, called from Python (tests, stand-in players): the buffer to fill. */
    void *planes[PLANES] = {NULL};
    void *picture = exchange_lock(&self->state, planes);
    return PyLong_FromSsize_t((Py_ssize_t)(intptr_t)picture - 1);
}

static PyObject *Exchange_display(Exchange *self, PyObject *index)
{
    /* libVLC's display, called from Python: buffer ``index`` holds the newest picture. */
    Py_ssize_t value = PyLong_AsSsize_t(index);
    if (value == -1 && PyErr_Occurred())
        return NULL;
    if (value < 0 || value >= BUFFERS) {
        PyErr_SetString(PyExc_ValueError, "display: no such buffer");
        return NULL;
    }
    exchange_display(&self->state, (void *)(intptr_t)(value + 1));
    Py_RETURN_NONE;
}

static PyObject *Exchange_get_index(Exchange *self, void *closure)
{
    pthread_mutex_lock(&self->state.mutex);
    int index = closure == NULL ? self->state.latest : self->state.reading;
    pthread_mutex_unlock(&self->state.mutex);
    return PyLong_FromLong(index);
}

static PyMethodDef Exchange_methods[] = {
    {"begin_read", (PyCFunction)Exchange_begin_read, METH_NOARGS,
     "Lend the newest picture to the UI: (buffer index or -1, deliveries so far)."},
    {"end_read", (PyCFunction)Exchange_end_read, METH_NOARGS,
     "The UI is done with the lent picture."},
    {"lock", (PyCFunction)Exchange_lock, METH_NOARGS,
     "What libVLC's lock does: the buffer to fill next (for stand-ins of libVLC)."},
    {"display", (PyCFunction)Exchange_display, METH_O,
     "What libVLC's display does: buffer ``index`` holds the newest picture."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Exchange_getset[] = {
    {"sequence", (getter)Exchange_get_sequence, NULL,
     "Pictures delivered, repeats of a stalled picture included.", NULL},
    {"last_delivery", (getter)Exchange_get_last_delivery, NULL,
     "time.monotonic() of the last delivery (0.0 before the first).", NULL},
    {"latest", (getter)Exchange_get_index, NULL,
     "The buffer holding the newest picture (-1 before the first).", NULL},
    {"reading", (getter)Exchange_get_index, NULL,
     "The buffer lent to the UI (-1 when none).", "reading"},
    {"opaque", (getter)Exchange_get_opaque, NULL,
     "The address libVLC passes back to LOCK and DISPLAY.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject ExchangeType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "widgets._frames.Exchange",
    .tp_doc = "Three picture buffers shared between libVLC's video output and the UI.",
    .tp_basicsize = sizeof(Exchange),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = Exchange_new,
    .tp_init = (initproc)Exchange_init,
    .tp_dealloc = (destructor)Exchange_dealloc,
    .tp_methods = Exchange_methods,
    .tp_getset = Exchange_getset,
};

static struct PyModuleDef frames_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "widgets._frames",
    .m_doc = "libVLC picture callbacks that never take the GIL.",
    .m_size = -1,
};

PyMODINIT_FUNC PyInit__frames(void)
{
    if (PyType_Ready(&ExchangeType) < 0)
        return NULL;
    PyObject *module = PyModule_Create(&frames_module);
    if (module == NULL)
        return NULL;
    if (PyModule_AddObjectRef(module, "Exchange", (PyObject *)&ExchangeType) < 0 ||
        PyModule_AddObject(module, "LOCK", PyLong_FromVoidPtr((void *)exchange_lock)) < 0 ||
        PyModule_AddObject(module, "DISPLAY", PyLong_FromVoidPtr((void *)exchange_display)) < 0 ||
        PyModule_AddIntConstant(module, "BUFFERS", BUFFERS) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
