/**
 * The zoo's architectures: small counterparts of the EDEN paper's workloads (EDEN §7:
 * LeNet, AlexNet, VGG-16, MobileNetV2, ResNet-101, SqueezeNet-1.1) sized for 28×28 grayscale
 * inputs and for CPU inference in a browser (≈ 0.1–1 M multiply-accumulates per image).
 * No BatchNormalization (data types stay the tensors that are actually stored); ReLU is fused
 * into each Conv2D / DepthwiseConv2D / Dense; every model outputs logits (no softmax layer).
 * Every initializer is seeded, so a (builder, seed) pair always gives the same initial weights.
 */
import * as tfl from '@tensorflow/tfjs-layers';

type ST = tfl.SymbolicTensor;
export type Builder = (seed: number) => tfl.LayersModel;

const INPUT: [number, number, number] = [28, 28, 1];

/** Layer factory with per-layer seeds derived from the model seed. */
function factory(seed: number) {
  let k = 0;
  // Stable layer names (conv1, dw1, fc1, …) unless given: data-type ids are `${layer}/${kind}`.
  const n = { conv: 0, dw: 0, fc: 0 };
  const init = () => tfl.initializers.heNormal({ seed: seed * 1000 + k++ });
  return {
    conv: (
      filters: number,
      kernelSize: number,
      o: { strides?: number; padding?: 'same' | 'valid'; relu?: boolean; name?: string } = {},
    ) =>
      tfl.layers.conv2d({
        filters,
        kernelSize,
        strides: o.strides ?? 1,
        padding: o.padding ?? 'same',
        activation: o.relu === false ? 'linear' : 'relu',
        kernelInitializer: init(),
        name: o.name ?? `conv${++n.conv}`,
      }),
    dw: (o: { strides?: number; name?: string } = {}) =>
      tfl.layers.depthwiseConv2d({
        kernelSize: 3,
        strides: o.strides ?? 1,
        padding: 'same',
        activation: 'relu',
        depthwiseInitializer: init(),
        name: o.name ?? `dw${++n.dw}`,
      }),
    dense: (units: number, relu = true, name?: string) =>
      tfl.layers.dense({
        units,
        activation: relu ? 'relu' : 'linear',
        kernelInitializer: init(),
        name: name ?? `fc${++n.fc}`,
      }),
  };
}

export const mlp: Builder = (seed) => {
  const f = factory(seed);
  return tfl.sequential({
    name: 'mlp',
    layers: [
      tfl.layers.flatten({ inputShape: INPUT }),
      f.dense(256),
      f.dense(128),
      f.dense(10, false),
    ],
  });
};

/** LeCun et al. 1998 with ReLU and max pooling. */
export const lenet5: Builder = (seed) => {
  const f = factory(seed);
  return tfl.sequential({
    name: 'lenet5',
    layers: [
      tfl.layers.inputLayer({ inputShape: INPUT }),
      f.conv(6, 5, { padding: 'same' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      f.conv(16, 5, { padding: 'valid' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      f.dense(120),
      f.dense(84),
      f.dense(10, false),
    ],
  });
};

/** AlexNet's shape: a large strided first kernel, max pooling, three convs, three dense layers. */
export const alexnet: Builder = (seed) => {
  const f = factory(seed);
  return tfl.sequential({
    name: 'alexnet',
    layers: [
      tfl.layers.inputLayer({ inputShape: INPUT }),
      f.conv(16, 5, { strides: 2 }), // 14×14
      tfl.layers.maxPooling2d({ poolSize: 2 }), // 7×7
      f.conv(32, 3),
      f.conv(32, 3),
      f.conv(24, 3),
      tfl.layers.maxPooling2d({ poolSize: 2 }), // 3×3
      tfl.layers.flatten(),
      f.dense(128),
      f.dense(64),
      f.dense(10, false),
    ],
  });
};

/** VGG's shape: blocks of stacked 3×3 convolutions, each block followed by 2×2 max pooling. */
export const vgg: Builder = (seed) => {
  const f = factory(seed);
  return tfl.sequential({
    name: 'vgg',
    layers: [
      tfl.layers.inputLayer({ inputShape: INPUT }),
      f.conv(6, 3),
      f.conv(6, 3),
      tfl.layers.maxPooling2d({ poolSize: 2 }), // 14×14
      f.conv(16, 3),
      f.conv(16, 3),
      tfl.layers.maxPooling2d({ poolSize: 2 }), // 7×7
      f.conv(24, 3),
      tfl.layers.maxPooling2d({ poolSize: 2 }), // 3×3
      tfl.layers.flatten(),
      f.dense(64),
      f.dense(10, false),
    ],
  });
};

/**
 * MobileNetV2's shape (Sandler et al. 2018): inverted residual blocks of 1×1 expansion,
 * 3×3 depthwise, 1×1 linear projection, with a skip connection when shapes allow.
 */
export const mobilenetv2: Builder = (seed) => {
  const f = factory(seed);
  let b = 0;
  const block = (x: ST, expand: number, out: number, strides: number): ST => {
    b++;
    const inC = x.shape[3]!;
    let y = f.conv(inC * expand, 1, { name: `b${b}_expand` }).apply(x) as ST;
    y = f.dw({ strides, name: `b${b}_dw` }).apply(y) as ST;
    y = f.conv(out, 1, { relu: false, name: `b${b}_project` }).apply(y) as ST;
    return strides === 1 && inC === out
      ? (tfl.layers.add({ name: `b${b}_add` }).apply([x, y]) as ST)
      : y;
  };
  const input = tfl.input({ shape: INPUT });
  let x = f.conv(16, 3, { strides: 2, name: 'stem' }).apply(input) as ST; // 14×14×16
  x = block(x, 3, 24, 2); // 7×7×24
  x = block(x, 3, 24, 1);
  x = block(x, 3, 32, 2); // 4×4×32
  x = block(x, 3, 32, 1);
  x = f.conv(64, 1, { name: 'head' }).apply(x) as ST;
  x = tfl.layers.globalAveragePooling2d({}).apply(x) as ST;
  const out = f.dense(10, false, 'logits').apply(x) as ST;
  return tfl.model({ inputs: input, outputs: out, name: 'mobilenetv2' });
};

/** ResNet's shape (He et al. 2016): basic blocks of two 3×3 convs with identity / 1×1 shortcuts. */
export const resnet: Builder = (seed) => {
  const f = factory(seed);
  let b = 0;
  const block = (x: ST, out: number, strides: number): ST => {
    b++;
    const inC = x.shape[3]!;
    let y = f.conv(out, 3, { strides, name: `res${b}_a` }).apply(x) as ST;
    y = f.conv(out, 3, { relu: false, name: `res${b}_b` }).apply(y) as ST;
    const shortcut =
      strides === 1 && inC === out
        ? x
        : (f.conv(out, 1, { strides, relu: false, name: `res${b}_proj` }).apply(x) as ST);
    const sum = tfl.layers.add({ name: `res${b}_add` }).apply([shortcut, y]) as ST;
    return tfl.layers.activation({ activation: 'relu', name: `res${b}_relu` }).apply(sum) as ST;
  };
  const input = tfl.input({ shape: INPUT });
  let x = f.conv(16, 3, { strides: 2, name: 'stem' }).apply(input) as ST; // 14×14×16
  x = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(x) as ST; // 7×7×16
  x = block(x, 16, 1);
  x = block(x, 32, 2); // 4×4×32
  x = tfl.layers.globalAveragePooling2d({}).apply(x) as ST;
  const out = f.dense(10, false, 'logits').apply(x) as ST;
  return tfl.model({ inputs: input, outputs: out, name: 'resnet' });
};

/** SqueezeNet's shape (Iandola et al. 2016): fire modules (1×1 squeeze, 1×1 ‖ 3×3 expand, concat), conv classifier + global average pooling. */
export const squeezenet: Builder = (seed) => {
  const f = factory(seed);
  let b = 0;
  const fire = (x: ST, squeeze: number, expand: number): ST => {
    b++;
    const s = f.conv(squeeze, 1, { name: `fire${b}_squeeze` }).apply(x) as ST;
    const e1 = f.conv(expand, 1, { name: `fire${b}_e1` }).apply(s) as ST;
    const e3 = f.conv(expand, 3, { name: `fire${b}_e3` }).apply(s) as ST;
    return tfl.layers.concatenate({ name: `fire${b}_concat` }).apply([e1, e3]) as ST;
  };
  const input = tfl.input({ shape: INPUT });
  let x = f.conv(16, 3, { strides: 2, name: 'conv1' }).apply(input) as ST; // 14×14×16
  x = fire(x, 8, 16); // 14×14×32
  x = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(x) as ST; // 7×7×32
  x = fire(x, 12, 24); // 7×7×48
  x = fire(x, 12, 24);
  x = f.conv(10, 1, { relu: false, name: 'conv10' }).apply(x) as ST;
  const out = tfl.layers.globalAveragePooling2d({ name: 'logits' }).apply(x) as ST;
  return tfl.model({ inputs: input, outputs: out, name: 'squeezenet' });
};

/** Multiply-accumulates of one forward pass over the compute layers (for sizing). */
export function macsPerImage(model: tfl.LayersModel): number {
  let macs = 0;
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    if (!['Conv2D', 'DepthwiseConv2D', 'Dense'].includes(cls)) continue;
    const out = layer.outputShape as number[];
    const kernel = layer.getWeights()[0].shape as number[];
    const outElems = out.slice(1).reduce((a, c) => a * c, 1);
    const perOut =
      cls === 'Dense'
        ? kernel[0]
        : cls === 'Conv2D'
          ? kernel[0] * kernel[1] * kernel[2]
          : kernel[0] * kernel[1];
    macs += outElems * perOut;
  }
  return macs;
}
