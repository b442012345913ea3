// Types of coalesce and onUploadProgress (issue 21). Compiled, never run:
//   npx tsc --noEmit -p test/types/tsconfig.json
import { expectTypeOf } from 'vitest'
import { post, Session, type RequestOptions, type UploadProgress } from '../../src/index.js'

expectTypeOf<UploadProgress>().toEqualTypeOf<{ loaded: number; total?: number; percent?: number }>()
expectTypeOf<NonNullable<RequestOptions['onUploadProgress']>>().toEqualTypeOf<(progress: UploadProgress) => void>()
expectTypeOf<NonNullable<RequestOptions['coalesce']>>().toEqualTypeOf<boolean>()

void post('https://httpbin.org/post', {
  body: new Blob(['x']),
  onUploadProgress: ({ loaded, total, percent }) => console.log(loaded.toFixed(0), total?.toFixed(0), percent?.toFixed(1)),
})
new Session({ coalesce: true }).get('https://httpbin.org/get', { coalesce: false })

// @ts-expect-error a boolean
new Session({ coalesce: 'yes' })
// @ts-expect-error the callback gets an UploadProgress
void post('https://httpbin.org/post', { body: 'x', onUploadProgress: (progress: string) => progress })
