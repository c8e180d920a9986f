import { z } from 'zod';
import { doc } from '../../common.js';
import { torchvisionFields } from './torchvision-fields.js';

export const resnetVariants = [18, 34, 50, 101, 152] as const;

/**
 * Ludwig's `resnet` (`TVResNetEncoderConfig`, torchvision's ResNet of He et al. 2016 without its
 * classification layer): basic blocks for 18 and 34, bottleneck blocks for 50, 101 and 152. The
 * output is the globally averaged last feature map (512 or 2,048 values).
 */
export const ZResnetEncoder = z.strictObject({
  type: doc(z.literal('resnet'), 'torchvision\'s ResNet (basic blocks for 18/34, bottleneck blocks for 50/101/152).'),
  model_variant: doc(
    z.union(resnetVariants.map((v) => z.literal(v)) as [z.ZodLiteral<18>, z.ZodLiteral<34>, z.ZodLiteral<50>, z.ZodLiteral<101>, z.ZodLiteral<152>]).default(50),
    'Depth of the network: 18, 34, 50, 101 or 152 layers.',
    { commonly_used: true },
  ),
  ...torchvisionFields('resnet'),
});
export type ResnetEncoderConfig = z.output<typeof ZResnetEncoder>;
