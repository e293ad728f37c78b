// The few React declarations this client uses. @types/react is not a dependency of the project
// (and package.json is not ours to change), so these stand in for it when tsconfig.json here
// type-checks the client; esbuild ignores types. Lib .d.ts files needing more of React resolve
// those parts to `any` under skipLibCheck.
declare module 'react' {
  export interface ReactElement {
    type: unknown;
    props: unknown;
    key: string | null;
  }
  export type ReactNode = ReactElement | string | number | bigint | boolean | null | undefined | Iterable<ReactNode> | Promise<ReactNode>;
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export type FC<P = {}> = (props: P) => ReactNode;
  export type ComponentPropsWithoutRef<T> = T extends (props: infer P) => unknown ? Omit<P, 'ref'> : never;
  export function useEffect(effect: () => void | (() => void), deps?: readonly unknown[]): void;
  export function useRef<T>(initialValue: T): { current: T };
}

declare module 'react/jsx-runtime' {
  export namespace JSX {
    type Element = import('react').ReactElement;
    type ElementType = string | ((props: never) => import('react').ReactNode);
    interface ElementChildrenAttribute {
      // eslint-disable-next-line @typescript-eslint/no-empty-object-type
      children: {};
    }
    interface IntrinsicAttributes {
      key?: string | number | null;
    }
    interface IntrinsicElements {
      [name: string]: Record<string, unknown>;
    }
  }
  export function jsx(type: unknown, props: unknown, key?: unknown): JSX.Element;
  export function jsxs(type: unknown, props: unknown, key?: unknown): JSX.Element;
  export const Fragment: unique symbol;
}

declare module 'react-dom/client' {
  export interface Root {
    render(children: import('react').ReactNode): void;
    unmount(): void;
  }
  export function createRoot(container: Element | DocumentFragment): Root;
}
