/**
 * Gradient kernels that the tfjs wasm backend (4.22) does not ship, so that training runs on
 * wasm in Node and in the browser (docs/design.md §5 "Training here"):
 *   Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter, DepthwiseConv2dNativeBackpropInput.
 * (Conv2DBackpropInput, MaxPoolGrad and AvgPoolGrad are shipped.)
 *
 * Each is expressed with forward kernels that wasm has (conv2d / depthwiseConv2d with dilation,
 * transpose, pad, slice, sum), the "forward-conv trick": the weight gradient of a convolution is
 * a convolution of the input with the output gradient, dilated by the stride.
 * The kernel functions only call tfjs ops, so they work for any backend and are registered for
 * 'wasm' only (webgl/webgpu/cpu ship their own).
 */
import * as tf from '@tensorflow/tfjs-core';

type Pair = [number, number];

/** Pad (positive) or crop (negative) one spatial axis of an NHWC-like 4-D tensor. */
function padOrCrop(x: tf.Tensor4D, axis: 1 | 2, before: number, after: number): tf.Tensor4D {
  let y = x;
  if (before > 0 || after > 0) {
    const p: Array<[number, number]> = [
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ];
    p[axis] = [Math.max(0, before), Math.max(0, after)];
    y = tf.pad(y, p);
  }
  if (before < 0 || after < 0) {
    const begin = [0, 0, 0, 0];
    const size = [...y.shape] as number[];
    begin[axis] = Math.max(0, -before);
    size[axis] -= begin[axis] + Math.max(0, -after);
    y = tf.slice(y, begin, size);
  }
  return y;
}

/** Insert (stride - 1) zeros between neighbouring elements of the spatial axes. */
function dilateSpatial(x: tf.Tensor4D, [sH, sW]: Pair): tf.Tensor4D {
  if (sH === 1 && sW === 1) return x;
  const [n, h, w, c] = x.shape;
  const y = tf.pad(tf.reshape(x, [n, h, 1, w, 1, c]), [
    [0, 0],
    [0, 0],
    [0, sH - 1],
    [0, 0],
    [0, sW - 1],
    [0, 0],
  ]);
  return tf.slice(
    tf.reshape(y, [n, h * sH, w * sW, c]) as tf.Tensor4D,
    [0, 0, 0, 0],
    [n, (h - 1) * sH + 1, (w - 1) * sW + 1, c],
  );
}

/** Hand a tensor computed inside a kernel back to the engine as the kernel's output. */
function asOutput(backend: tf.KernelBackend, t: tf.Tensor): tf.TensorInfo {
  backend.incRef(t.dataId);
  const info = { dataId: t.dataId, shape: t.shape, dtype: t.dtype };
  t.dispose();
  return info;
}

/** A kernel input as a Tensor (ops pass Tensors; a bare TensorInfo is wrapped with its own reference). */
function inputTensor(backend: tf.KernelBackend, t: tf.TensorInfo | undefined): tf.Tensor4D {
  if (!t) throw new Error('wasm gradient kernel: missing input');
  if (t instanceof tf.Tensor) return t as tf.Tensor4D;
  backend.incRef(t.dataId);
  return tf.engine().makeTensorFromTensorInfo(t) as tf.Tensor4D;
}

function convInfo(
  xShape: number[],
  filterShape: number[],
  strides: number | Pair,
  pad: tf.backend_util.ExplicitPadding | 'valid' | 'same' | number,
  dimRoundingMode: 'floor' | 'round' | 'ceil' | undefined,
  depthwise: boolean,
  dilations: number | Pair = 1,
) {
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    dilations,
    pad,
    dimRoundingMode,
    depthwise,
  );
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) {
    throw new Error('wasm gradient kernels: dilated convolutions are not supported');
  }
  return info;
}

/** dW[kh,kw,ci,co] = Σ_{n,oh,ow} xpad[n, oh·s+kh, ow·s+kw, ci] · dy[n,oh,ow,co]. */
export function conv2dBackpropFilterImpl(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: number[],
  strides: number | Pair,
  pad: tf.backend_util.ExplicitPadding | 'valid' | 'same' | number,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): tf.Tensor4D {
  const info = convInfo(x.shape, filterShape, strides, pad, dimRoundingMode, false);
  const [kH, kW, cin, cout] = filterShape;
  return tf.tidy(() => {
    const { top, left } = info.padInfo;
    const needH = (info.outHeight - 1) * info.strideHeight + kH;
    const needW = (info.outWidth - 1) * info.strideWidth + kW;
    let xp = padOrCrop(x, 1, top, needH - x.shape[1] - top);
    xp = padOrCrop(xp, 2, left, needW - x.shape[2] - left);
    const xt = tf.transpose(xp, [3, 1, 2, 0]); // [Cin, Hp, Wp, N]
    const f = tf.transpose(dy, [1, 2, 0, 3]); // [outH, outW, N, Cout]
    const r = tf.conv2d(xt, f, 1, 'valid', 'NHWC', [info.strideHeight, info.strideWidth]); // [Cin, kH, kW, Cout]
    return tf.transpose(tf.slice(r, [0, 0, 0, 0], [cin, kH, kW, cout]), [1, 2, 0, 3]);
  });
}

/** Depthwise: dW[kh,kw,c,m] = Σ_{n,oh,ow} xpad[n, oh·s+kh, ow·s+kw, c] · dy[n,oh,ow,c·M+m]. */
export function depthwiseBackpropFilterImpl(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: number[],
  strides: number | Pair,
  pad: tf.backend_util.ExplicitPadding | 'valid' | 'same' | number,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
  dilations: number | Pair = 1,
): tf.Tensor4D {
  const info = convInfo(x.shape, filterShape, strides, pad, dimRoundingMode, true, dilations);
  const [kH, kW, c, m] = filterShape;
  const [n] = x.shape;
  const [, oh, ow] = dy.shape;
  return tf.tidy(() => {
    const { top, left } = info.padInfo;
    const needH = (oh - 1) * info.strideHeight + kH;
    const needW = (ow - 1) * info.strideWidth + kW;
    let xp = padOrCrop(x, 1, top, needH - x.shape[1] - top);
    xp = padOrCrop(xp, 2, left, needW - x.shape[2] - left);
    // One image whose channels are the (n, c) pairs; the filter of channel (n, c) is dy[n, :, :, c·M..].
    const xin = tf.reshape(tf.transpose(xp, [1, 2, 0, 3]), [1, needH, needW, n * c]) as tf.Tensor4D;
    const f = tf.reshape(tf.transpose(tf.reshape(dy, [n, oh, ow, c, m]), [1, 2, 0, 3, 4]), [
      oh,
      ow,
      n * c,
      m,
    ]) as tf.Tensor4D;
    const r = tf.depthwiseConv2d(xin, f, 1, 'valid', 'NHWC', [info.strideHeight, info.strideWidth]); // [1, kH, kW, N·C·M]
    return tf.sum(
      tf.reshape(tf.slice(r, [0, 0, 0, 0], [1, kH, kW, n * c * m]), [kH, kW, n, c, m]),
      2,
    ) as tf.Tensor4D;
  });
}

/** Depthwise: dx = valid correlation of the stride-dilated, padded dy with the flipped filter. */
export function depthwiseBackpropInputImpl(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: number[],
  strides: number | Pair,
  pad: tf.backend_util.ExplicitPadding | 'valid' | 'same' | number,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
  dilations: number | Pair = 1,
): tf.Tensor4D {
  const info = convInfo(inputShape, filter.shape, strides, pad, dimRoundingMode, true, dilations);
  const [kH, kW, c, m] = filter.shape;
  const [n, h, w] = inputShape;
  return tf.tidy(() => {
    const { top, left } = info.padInfo;
    const d = dilateSpatial(dy, [info.strideHeight, info.strideWidth]);
    const beforeH = kH - 1 - top;
    const beforeW = kW - 1 - left;
    let p = padOrCrop(d, 1, beforeH, h + kH - 1 - beforeH - d.shape[1]);
    p = padOrCrop(p, 2, beforeW, w + kW - 1 - beforeW - d.shape[2]);
    const g = tf.reshape(tf.reverse(filter, [0, 1]), [kH, kW, c * m, 1]) as tf.Tensor4D;
    const r = tf.depthwiseConv2d(p, g, 1, 'valid'); // [N, H, W, C·M]
    return m === 1 ? r : (tf.sum(tf.reshape(r, [n, h, w, c, m]), 4) as tf.Tensor4D);
  });
}

type Attrs<T> = T & tf.NamedAttrMap;
type Input = (name: string) => tf.Tensor4D;

/** A wasm kernel computed by `impl` with tfjs ops: inputs wrapped as tensors, result handed back. */
function wasmKernel<A>(
  kernelName: string,
  impl: (input: Input, attrs: Attrs<A>) => tf.Tensor,
): tf.KernelConfig {
  return {
    kernelName,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend: b }) => {
      const backend = b as tf.KernelBackend;
      const input: Input = (name) => inputTensor(backend, inputs[name]);
      return asOutput(
        backend,
        tf.tidy(() => impl(input, attrs as Attrs<A>)),
      );
    },
  };
}

const kernels: tf.KernelConfig[] = [
  wasmKernel<tf.Conv2DBackpropFilterAttrs>(tf.Conv2DBackpropFilter, (input, a) => {
    if (a.dataFormat === 'NCHW')
      throw new Error('wasm Conv2DBackpropFilter: NCHW is not supported');
    return conv2dBackpropFilterImpl(
      input('x'),
      input('dy'),
      a.filterShape,
      a.strides,
      a.pad,
      a.dimRoundingMode,
    );
  }),
  wasmKernel<tf.DepthwiseConv2dNativeBackpropFilterAttrs>(
    tf.DepthwiseConv2dNativeBackpropFilter,
    (input, a) =>
      depthwiseBackpropFilterImpl(
        input('x'),
        input('dy'),
        a.filterShape,
        a.strides,
        a.pad,
        a.dimRoundingMode,
        a.dilations,
      ),
  ),
  wasmKernel<tf.DepthwiseConv2dNativeBackpropInputAttrs>(
    tf.DepthwiseConv2dNativeBackpropInput,
    (input, a) =>
      depthwiseBackpropInputImpl(
        input('dy'),
        input('filter'),
        a.inputShape,
        a.strides,
        a.pad,
        a.dimRoundingMode,
        a.dilations,
      ),
  ),
];

/** Register the missing gradient kernels for the 'wasm' backend (idempotent; Node and browser). */
export function registerWasmGradientKernels(): void {
  for (const k of kernels) {
    if (!tf.getKernel(k.kernelName, k.backendName)) tf.registerKernel(k);
  }
}
